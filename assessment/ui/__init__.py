"""The Streamlit app: pages and the widgets they share. The only subpackage importing streamlit."""
