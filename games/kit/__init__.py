"""The shared game kit: scenes, the fixed-step loop, layout, fonts, sounds, HUD."""
