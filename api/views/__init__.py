"""View models: records and results turned into the plain values the templates show."""
