from .access import actor_for


def roles(request):
    return {"actor": actor_for(request)}
