"""The size gate's judgement: every route's first visit (scripts/route-bytes.mjs) against its budget in
size-budget.toml, by route pattern.

    python3 scripts/size-check.py BUDGETS.toml MEASURED.json               prints the table; exit 1 if any is over
    python3 scripts/size-check.py --self-test BUDGETS.toml MEASURED.json   lowers one budget below its measure and
                                                                           exits 1 unless the gate then fails on it
"""

import json
import sys
import tomllib


def problems(budgets, measured):
    """What fails the gate: a visit over its route's budget, or a route with no budget."""
    found = []
    for visit in measured:
        budget = budgets.get(visit["pattern"])
        if budget is None:
            found.append(f"{visit['pattern']} has no budget in size-budget.toml [routes]: add one")
        elif visit["bytes"] > budget:
            over = visit["bytes"] - budget
            found.append(f"{visit['address']} is {visit['bytes']} B, over its budget of {budget} B by {over} B")
    return found


def table(budgets, goal, measured):
    rows = [f"{'route':<34} {'bytes':>9} {'requests':>8} {'budget':>9} {'goal':>9}  heaviest files"]
    for visit in measured:
        budget = budgets.get(visit["pattern"], "-")
        mark = "" if visit["bytes"] <= goal else " over goal"
        heaviest = ", ".join(f"{path.rsplit('/', 1)[-1][:24]} {size}" for path, size in visit["files"][:3])
        rows.append(
            f"{visit['address'][:34]:<34} {visit['bytes']:>9} {visit['requests']:>8} {budget:>9} {goal:>9}"
            f"{mark:<10}  {heaviest}"
        )
    return "\n".join(rows)


def main(args):
    self_test = args[:1] == ["--self-test"]
    if self_test:
        args = args[1:]
    if len(args) != 2:
        sys.exit(__doc__)
    with open(args[0], "rb") as file:
        settings = tomllib.load(file)
    with open(args[1], encoding="utf-8") as file:
        measured = json.load(file)
    budgets = settings["routes"]
    goal = settings["goal_bytes"]

    if self_test:
        heaviest = max(measured, key=lambda visit: visit["bytes"])
        lowered = dict(budgets, **{heaviest["pattern"]: heaviest["bytes"] - 1})
        caught = [p for p in problems(lowered, measured) if p.startswith(heaviest["address"] + " ")]
        if not caught:
            sys.exit(f"the size gate did not fail with the budget of {heaviest['pattern']} lowered below its measure")
        print(f"the gate fails when a budget is lowered: {caught[0]}")
        return

    print(table(budgets, goal, measured))
    over_goal = [visit for visit in measured if visit["bytes"] > goal]
    routes = {visit["pattern"] for visit in measured}
    routes_over = {visit["pattern"] for visit in over_goal}
    print(f"\n{len(measured)} visits to {len(routes)} routes; heaviest {max(v['bytes'] for v in measured)} B; "
          f"{len(over_goal)} visits ({len(routes_over)} of the routes) over the goal of {goal} B (size-budget.toml)")
    found = problems(budgets, measured)
    for problem in found:
        print(problem, file=sys.stderr)
    sys.exit(1 if found else 0)


if __name__ == "__main__":
    main(sys.argv[1:])
