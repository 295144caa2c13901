"""The pages of the main window's sidebar, one module each."""
