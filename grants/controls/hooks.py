"""What control announces to the settlements area, which comes after it (grants.core.hooks).

- `misuse_recorded`: sent when a finding of misused spend is recorded (sender: the finding;
  `actor`). The settlements area turns a finding on an item a settlement already covered into
  a further part to return of that settlement.
"""

from __future__ import annotations

from grants.core.hooks import signal

misuse_recorded = signal("controls.misuse_recorded")
