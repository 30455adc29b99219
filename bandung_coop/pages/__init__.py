"""Pages for officials: dashboard, lists, partner and meeting pages, report."""
