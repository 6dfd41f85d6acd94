"""Rule families, one module each; registered explicitly in iacreview.rules.registry."""
