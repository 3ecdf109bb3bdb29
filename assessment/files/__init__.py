"""File formats: the answers file, branding settings, form-tool exports read in, machine-readable
exports written out. Bytes in, validated models out (or the reverse)."""
