"""Back up the database and every uploaded file into one archive."""

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import ngettext

from coop_lib.backups import BackupError, create_backup


class Command(BaseCommand):
    help = "Write the database and every uploaded file (MEDIA_ROOT) into one archive in BACKUP_DIR."

    def add_arguments(self, parser):
        parser.add_argument(
            "--directory",
            type=Path,
            default=None,
            help="Folder for the archive (default: the BACKUP_DIR setting).",
        )

    def handle(self, *args, **options):
        directory = options["directory"] or Path(settings.BACKUP_DIR)
        try:
            archive, manifest = create_backup(directory)
        except BackupError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(
            ngettext(
                "Backup written: %(archive)s (%(size)s: the database and %(files)d uploaded file).",
                "Backup written: %(archive)s (%(size)s: the database and %(files)d uploaded files).",
                len(manifest.media_files),
            )
            % {
                "archive": archive,
                "size": filesizeformat(archive.stat().st_size),
                "files": len(manifest.media_files),
            }
        )
