"""The desktop interface: PySide6 widgets over app.services; the only package that imports Qt."""
