"""The FIIT information kit: one content loader and schema, two renderers (the site and the PDF kits), checks."""
