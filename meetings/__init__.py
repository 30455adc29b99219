"""What happened with the partners: meetings, delegation visits, follow-ups."""
