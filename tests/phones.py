"""Mobile numbers for test contacts that no other contact in the run has."""

from __future__ import annotations

import itertools
import random

# Counted, not drawn: an inbound SMS to a number no business owns is matched by its sender among every business's
# contacts, so two contacts given the same random number in two businesses (a birthday collision over a few thousand
# draws) left the message unmatched and made tests flaky. The random start keeps two runs on one database apart.
_mobiles = itertools.count(random.randrange(0, 5_000_000))


def unique_mobile() -> str:
    return f"+1415{2_000_000 + next(_mobiles):07d}"
