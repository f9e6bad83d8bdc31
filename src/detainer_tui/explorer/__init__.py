"""The Textual app: four panes over the open reports (see ``app.run_explorer``)."""
