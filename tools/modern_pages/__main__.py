"""Write tests/fixtures/modern/*.html and truth.json (see the package docstring)."""

from __future__ import annotations

from tools.modern_pages.build import OUT, write_pages


def main() -> None:
    print(f"{write_pages()} pages written to {OUT}")


if __name__ == "__main__":
    main()
