"""Settings package: base holds everything, local/production/test override it."""
