"""Drawings for the station's own screens: pure pygame drawing, no state, no station logic."""
