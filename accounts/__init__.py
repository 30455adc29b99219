"""Who a user is: staff profile, roles, sign-in backend, preferences and the profile page."""
