"""The branch server: workstations push their events to it and pull each other's."""
