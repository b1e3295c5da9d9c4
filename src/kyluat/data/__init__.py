"""Official data kyluat ships: dated decisions on days off and working days, with sources."""
