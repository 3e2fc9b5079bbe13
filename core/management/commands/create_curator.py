"""Make (or renew) a curator's account, ready to sign in to the admin with two factors.

The account is a staff user named by the e-mail address, in the "Curator" group (which may add,
change and publish entries but not delete them); ``--editor-in-chief`` puts it in the
"Editor-in-chief" group instead, which may also delete. Run without ``--editor-in-chief`` for an
editor-in-chief, it takes the account out of that group and into "Curator": a curator only
again. Both groups and their permissions come from the migration casestudies 0004. The command
asks for the password twice and checks it against the password rules, then sets up the second
factor: an entry for an authenticator app (shown as a QR code and as a key to type) and a few
one-time recovery codes.
"""

import getpass
import io
import os
from base64 import b32encode

import segno
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.core.validators import validate_email
from django.db import transaction
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from core.roles import CURATOR_GROUP, EDITOR_IN_CHIEF_GROUP

RECOVERY_CODES = 8
PASSWORD_ATTEMPTS = 3


class Command(BaseCommand):
    help = "Make a curator's admin account for an e-mail address, with a password and an authenticator app."

    def add_arguments(self, parser):
        parser.add_argument("email", help="The curator's e-mail address; it is also the name they sign in with.")
        parser.add_argument(
            "--editor-in-chief",
            action="store_true",
            help="An editor-in-chief, who may also delete entries.",
        )
        parser.add_argument(
            "--password-from-env",
            metavar="VARIABLE",
            help="Read the password from this environment variable instead of asking (for scripts).",
        )
        parser.add_argument(
            "--new-device",
            action="store_true",
            help="For an existing account: replace its authenticator app entry and recovery codes.",
        )

    def handle(self, *args, email, editor_in_chief, password_from_env, new_device, **options):
        try:
            validate_email(email)
        except ValidationError:
            raise CommandError(f"{email!r} is not an e-mail address.") from None
        User = get_user_model()
        user = User.objects.filter(username__iexact=email).first() or User(username=email)
        is_new = user.pk is None
        user.email = email
        password = self.password(user, password_from_env)

        with transaction.atomic():
            user.is_staff = True
            user.is_active = True
            user.set_password(password)
            user.save()
            group = EDITOR_IN_CHIEF_GROUP if editor_in_chief else CURATOR_GROUP
            user.groups.add(Group.objects.get_or_create(name=group)[0])
            # One role at a time: without --editor-in-chief, an editor-in-chief goes back to curating.
            demoted = not editor_in_chief and user.groups.filter(name=EDITOR_IN_CHIEF_GROUP).exists()
            if demoted:
                user.groups.remove(*Group.objects.filter(name=EDITOR_IN_CHIEF_GROUP))
            has_device = TOTPDevice.objects.filter(user=user, confirmed=True).exists()
            device = codes = None
            if new_device or not has_device:
                TOTPDevice.objects.filter(user=user).delete()
                StaticDevice.objects.filter(user=user).delete()
                device = TOTPDevice.objects.create(user=user, name="Authenticator app", confirmed=True)
                recovery = StaticDevice.objects.create(user=user, name="Recovery codes", confirmed=True)
                codes = [StaticToken.random_token() for _ in range(RECOVERY_CODES)]
                StaticToken.objects.bulk_create(StaticToken(device=recovery, token=code) for code in codes)

        role = "an editor-in-chief (may also delete)" if editor_in_chief else "a curator"
        self.stdout.write(self.style.SUCCESS(f"{'Made' if is_new else 'Updated'} the account {email}, as {role}."))
        if demoted:
            self.stdout.write(
                "It was an editor-in-chief and is now a curator only: it may no longer delete entries. "
                "Run this again with --editor-in-chief to give that back."
            )
        if device is not None:
            self.explain_device(device, codes)
        else:
            self.stdout.write(
                "The account keeps its authenticator app and recovery codes. "
                "Run this again with --new-device if they are lost."
            )
        self.stdout.write("Sign in at /admin/ with the e-mail address, the password and the code from the app.")
        if not settings.ADMIN_REQUIRE_2FA:
            self.stdout.write("(Here the code is not asked for: ADMIN_REQUIRE_2FA is off, as in development.)")

    def password(self, user, variable):
        """The new password, checked against the password rules (at least 12 characters, not common,
        not all digits, not like the e-mail address)."""
        if variable:
            password = os.environ.get(variable, "")
            if not password:
                raise CommandError(f"The environment variable {variable} is empty or not set.")
            try:
                validate_password(password, user)
            except ValidationError as error:
                raise CommandError("The password is not strong enough: " + " ".join(error.messages)) from None
            return password
        for _attempt in range(PASSWORD_ATTEMPTS):
            password = getpass.getpass("Password: ")
            if password != getpass.getpass("The same password again: "):
                self.stderr.write("The two passwords differ. Try again.")
                continue
            try:
                validate_password(password, user)
            except ValidationError as error:
                self.stderr.write("That password is not strong enough: " + " ".join(error.messages))
                continue
            return password
        raise CommandError("No password was set; the account is unchanged.")

    def explain_device(self, device, codes):
        key = b32encode(device.bin_key).decode()
        qr = io.StringIO()
        segno.make(device.config_url, error="m").terminal(out=qr, compact=True)
        self.stdout.write(
            "\nSigning in to the admin takes the password and a six-digit code from an authenticator app on "
            "the curator's phone (such as FreeOTP, Google Authenticator or Microsoft Authenticator).\n"
            "In the app, choose to add an account and scan this QR code:\n"
        )
        self.stdout.write(qr.getvalue())
        self.stdout.write(f"or type this key by hand: {key}\n(the same, as a link: {device.config_url})\n")
        self.stdout.write(
            "Recovery codes, for a lost phone: each works once, in place of the app's code. "
            "Keep them somewhere safe, away from the phone:"
        )
        for code in codes:
            self.stdout.write(f"  {code}")
        self.stdout.write("")
