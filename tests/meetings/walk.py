"""Objects of school A for the access walk (tests/test_access_walk.py), created on first use."""


def walk_item(world):
    """The first item of school A's programme (the `item_id` of the programme pages)."""
    from meetings.programme import programme_install

    return programme_install(school=world.school_a)[0]
