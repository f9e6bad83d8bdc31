from detainer_tui.cli import main

raise SystemExit(main())
