"""The DejaVu Sans fonts every PDF the platform renders uses (the assessment report, the
training graduation certificate): one vendored copy, covering Kazakh and Russian Cyrillic,
so a PDF looks the same in any container. Licence in ``LICENSE`` next to them."""

from pathlib import Path

FONTS = Path(__file__).parent
REGULAR = FONTS / "DejaVuSans.ttf"
BOLD = FONTS / "DejaVuSans-Bold.ttf"
