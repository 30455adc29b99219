"""Replace the database and every uploaded file with those of a backup."""

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import DatabaseError, connection
from django.utils.translation import gettext as _

from coop_lib.backups import BackupError, count_media_files, database_label, read_manifest, restore_backup


class Command(BaseCommand):
    help = (
        "Replace the whole database and every uploaded file with those of a backup made by "
        "`manage.py backup`. Refuses without --confirm."
    )

    def add_arguments(self, parser):
        parser.add_argument("archive", type=Path, help="The backup archive (a .tar file).")
        parser.add_argument(
            "--confirm",
            action="store_true",
            help="Really replace the database and the uploaded files.",
        )

    def handle(self, *args, **options):
        archive = options["archive"]
        try:
            manifest = read_manifest(archive)
            tables = self.tables_now()
            what = {
                "archive": archive,
                "created": manifest.created,
                "backup_files": len(manifest.media_files),
                "database": database_label(),
                "tables": tables,
                "media": settings.MEDIA_ROOT,
                "files": count_media_files(Path(settings.MEDIA_ROOT)),
            }
            if not options["confirm"]:
                raise CommandError(
                    _(
                        "Nothing was changed. A restore from %(archive)s (made %(created)s; uploaded "
                        "files in it: %(backup_files)d) replaces the whole database %(database)s (tables "
                        "now: %(tables)d) and every uploaded file in %(media)s (files now: %(files)d): "
                        "whatever was saved after that backup is lost. Stop the web server and the "
                        "workers, then run the command again with --confirm."
                    )
                    % what
                )
            restore_backup(archive)
        except BackupError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(
            _(
                "Restored from %(archive)s (made %(created)s): the database %(database)s and the "
                "uploaded files (%(backup_files)d). Next: python manage.py migrate, then start the web "
                "server and the workers."
            )
            % what
        )

    def tables_now(self) -> int:
        try:
            return len(connection.introspection.table_names())
        except DatabaseError as error:
            raise CommandError(
                _(
                    "The database %(database)s cannot be reached (%(error)s). If it is gone, create it "
                    "empty first, owned by the application's database user (createdb -O), then restore."
                )
                % {"database": database_label(), "error": str(error).strip()}
            ) from error
