"""ReportLab settings for the whole report, applied before any ReportLab graphics module loads.

- Streams are compressed; ASCII85 on top only makes them 25% bigger and costs a pure-Python pass.
- Shape attribute checking validates every attribute of every chart shape as it is set (a third
  of the chart time); the charts here are built by this package's own code, which the tests
  exercise, so the check only costs time. It is read when `reportlab.graphics.shapes` is first
  imported, so this module is imported first (by the package's `__init__`).
"""

from reportlab import rl_config

rl_config.useA85 = 0
rl_config.shapeChecking = 0
