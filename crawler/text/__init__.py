"""The ground floor: pure text functions (Arabic normalization, encodings,
dates, URLs, fingerprints). Nothing here imports anything above it."""
