"""The five panes: Rankings, Records, Policies, Reports, Triage."""
