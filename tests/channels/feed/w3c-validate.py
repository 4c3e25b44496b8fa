"""Run the W3C Feed Validation Service's own checker on local feed files.

Usage: python3 w3c-validate.py FEEDVALIDATOR_DIR FILE...
Prints one JSON object: {file: [{level, type, line, column, text}]}.

The checker is imported from a checkout of https://github.com/w3c/feedvalidator
(not shipped with this repository). Each file is validated the way the online
service validates a feed fetched from its self link: the base URI is the
document's rel="self" href, so the "self reference doesn't match document
location" recommendation means what it means online. Events are filtered with
the service's own "AA" level, which is what validator.w3.org/feed shows.
"""
import json
import os
import re
import sys

sys.path.insert(0, os.path.join(sys.argv[1], 'src'))
import feedvalidator  # noqa: E402
from feedvalidator import compatibility  # noqa: E402
from feedvalidator.formatter.text_plain import Formatter  # noqa: E402
from feedvalidator.logging import Error, Warning  # noqa: E402

SELF = re.compile(rb'<(?:atom:)?link\b[^>]*\brel="self"[^>]*>')
HREF = re.compile(rb'\bhref="([^"]+)"')


def base_of(data):
    tag = SELF.search(data)
    href = tag and HREF.search(tag.group(0))
    return href.group(1).decode('utf-8') if href else 'http://localhost/feed.xml'


def level(event):
    if isinstance(event, Error):
        return 'error'
    if isinstance(event, Warning):
        return 'warning'
    return 'info'


report = {}
for path in sys.argv[2:]:
    with open(path, 'rb') as handle:
        data = handle.read()
    try:
        events = feedvalidator.validateString(data, firstOccurrenceOnly=1, base=base_of(data))['loggedEvents']
    except feedvalidator.logging.ValidationFailure as failure:
        events = [failure.event]
    events = compatibility.AA(events)
    texts = Formatter(events)
    report[path] = [
        {
            'level': level(event),
            'type': type(event).__name__,
            'line': event.params.get('line'),
            'column': event.params.get('column'),
            'text': texts[index],
        }
        for index, event in enumerate(events)
    ]
print(json.dumps(report))
