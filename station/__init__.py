"""The grip-station application: config, sources, command line and screens."""
