from django.dispatch import Signal

# Sent after a helpline is marked as checked, which changes the live page without
# publishing it: the finder listens, so its result cards show the new date.
helpline_checked = Signal()
