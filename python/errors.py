"""The one exception type armlet raises for problems a user can fix."""


class ArmletError(Exception):
    """A clear, user-facing error: unsupported model, bad input, corrupt file."""
