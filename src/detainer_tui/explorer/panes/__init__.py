"""The four panes: Rankings, Records, Policies, Reports."""
