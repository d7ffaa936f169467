"""The shared exercises a module can lead to; the live-exercise issue implements one engine step list per key."""

# The single source of truth for valid exercise keys: the content loader refuses any other key,
# and Module.exercise_key offers exactly these in the admin.
EXERCISE_KEYS: tuple[str, ...] = (
    "pairing-reveal",
    "bril-momenten",
    "cyclus-in-kaart",
    "samen-ademen",
    "spreker-luisteraar",
    "behoeftekaarten",
    "herstelgesprek",
    "nieuwe-ervaringen-plan",
)
