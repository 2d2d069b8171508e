"""Writing files safely: atomically, never leaving a partial file, cleaning what a killed writer left."""

from __future__ import annotations

import fcntl
import os
import stat
from pathlib import Path

TMP_SUFFIX = ".vdg-tmp"  # the mark of this module's temporary files: `.NAME.RANDOM.vdg-tmp` beside the target


def write_atomic(path: Path, data: bytes) -> None:
    """Write the bytes to the regular file at path so that a failure leaves the old file or none, never a
    partial one.

    The bytes go into `.NAME.RANDOM.vdg-tmp` in the target's folder, locked (flock) while it lives,
    which is then renamed over the target. A failure removes it; a writer killed outright (`kill -9`)
    cannot, so every write first removes the unlocked `*.vdg-tmp` files of its folder: a killed
    run's leftover lasts until the next write there. The file gets the permission bits of the file
    it replaces, else the usual 0666 less the umask.
    """
    path = Path(path)
    folder = path.parent
    sweep_temporary(folder)
    try:
        mode = os.stat(path).st_mode & 0o7777
    except FileNotFoundError:
        umask = os.umask(0)
        os.umask(umask)
        mode = 0o666 & ~umask
    tmp = folder / f".{path.name[:200]}.{os.urandom(6).hex()}{TMP_SUFFIX}"  # within NAME_MAX (255)
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_CLOEXEC, 0o600)
    done = False
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        os.fchmod(fd, mode)
        view = memoryview(data)
        while view:
            view = view[os.write(fd, view):]
        os.fsync(fd)
        os.replace(tmp, path)
        done = True
    finally:
        if not done:
            tmp.unlink(missing_ok=True)
        os.close(fd)


def sweep_temporary(folder: Path) -> list[Path]:
    """Remove the `.*.vdg-tmp` files in folder that no live writer holds (left by a killed run); return them."""
    removed = []
    for stale in folder.glob(f".*{TMP_SUFFIX}"):
        try:
            fd = os.open(stale, os.O_RDONLY | os.O_NOFOLLOW | os.O_CLOEXEC | os.O_NONBLOCK)
        except OSError:
            continue  # a symbolic link or gone: not ours to touch
        try:
            if not stat.S_ISREG(os.fstat(fd).st_mode):
                continue
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            continue  # locked: a writer is using it
        else:
            stale.unlink(missing_ok=True)
            removed.append(stale)
        finally:
            os.close(fd)
    return removed
