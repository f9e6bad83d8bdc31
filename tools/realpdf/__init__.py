"""Fixture reports made by real producers: LibreOffice Writer and Calc, and headless chromium.

``python -m realpdf OUTPUT_DIR`` (with ``tools`` on ``PYTHONPATH``) writes each fixture's PDF
and its exact expected tables (``OUTPUT_DIR/expected/NAME/``). It needs ``soffice``
(libreoffice-writer-nogui, libreoffice-calc-nogui), ``chromium``, ``pdftotext``
(poppler-utils), the Carlito and Liberation fonts, and the ``fixtures`` extra (python-docx,
openpyxl, pypdf). The tests only read the committed PDFs.

Modules: ``content`` (what the reports say), ``document`` (the report as a list of blocks),
``html`` / ``writer`` / ``calc`` (one producer each), ``pages`` (where each row landed),
``scan`` (pages replaced by images of themselves), ``fixtures`` (the committed set).
"""
