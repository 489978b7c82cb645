"""Layout recognisers: the outline of a notice -> candidate tasks, each with the span it came from.

Each layout is one module with one `recognise(node, scope, walk)` function; the walk offers a node to
them in this order and the first that knows the layout reads it (and, through the walk, its
children). Tables are read apart, one region at a time.
"""

from __future__ import annotations

from bot.parser.blocks import Block
from bot.parser.known_names import KnownNames
from bot.parser.layouts import heading, item, lead, prose, skipped, table, titled
from bot.parser.layouts.base import Candidate, Recogniser, Scope, Walk
from bot.parser.outline import Outline
from bot.parser.recipients import closing_recipients

__all__ = ["Candidate", "candidates"]

RECOGNISERS: list[Recogniser] = [
    skipped.recognise,  # formulas, recipients, purpose and target sections
    titled.recognise,  # numbered title + labelled fields; "Nhiệm vụ: …"
    heading.recognise,  # a heading naming units + the items under it
    lead.recognise,  # a lead sentence naming an addressee + the list after it
    prose.recognise,  # a paragraph of prose: units as the subjects of its sentences
    item.recognise,  # an item or paragraph naming its doer, or inheriting one
]


def candidates(tree: Outline, blocks: list[Block], names: KnownNames) -> list[Candidate]:
    walk = Walk(tree, names, RECOGNISERS)
    found = walk.children(None, Scope(implied=closing_recipients(tree)))
    for rows in table.table_regions(blocks):
        found.extend(table.table_tasks(rows))
    return found
