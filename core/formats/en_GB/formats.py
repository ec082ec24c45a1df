# British English writes a date's month in full on Waymark ("2 December 2026"); Django's own
# en_GB format shortens it. Other languages keep Django's formats ("2 de diciembre de 2026").
DATE_FORMAT = "j F Y"
