"""The admin site: Django's own, asking staff for a code from an authenticator app when
``settings.ADMIN_REQUIRE_2FA`` is on (production), and for a password alone when it is off.

The setting is read at each request, so tests and deployments can switch it without rebuilding
the site; ``admin.site`` stays the one object every app registers its models with.
"""

import logging
import re

from django.conf import settings
from django.contrib import admin
from django.contrib.admin.forms import AdminAuthenticationForm
from django.contrib.auth.signals import user_login_failed
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from django_otp.admin import OTPAdminAuthenticationForm
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

logger = logging.getLogger(__name__)

# What an authenticator app shows: six digits.
AUTHENTICATOR_CODE = re.compile(r"\d{6}")


class EmailSignInMixin:
    """Curators sign in with their e-mail address, which is their username: the field says so."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["username"].label = _("Email address")
        self.fields["username"].widget.attrs.update({"autocomplete": "username", "inputmode": "email"})


class EmailSignInForm(EmailSignInMixin, AdminAuthenticationForm):
    """The sign-in form while two factors are not required (development, tests)."""


class TwoFactorAuthenticationForm(EmailSignInMixin, OTPAdminAuthenticationForm):
    """The admin's sign-in form with a code field, in words a curator understands.

    django-otp asks the user to choose a device once the password is right. Here the code says
    which one: six digits come from the authenticator app, anything else is a recovery code. No
    code is tried against a device it was not meant for, so no device is throttled by mistake.
    """

    error_messages = {
        **OTPAdminAuthenticationForm.error_messages,
        "invalid_login": _(
            "That email address, password and code do not match a staff account. Check all three and try "
            "again: the code is the one your authenticator app shows now, or a recovery code."
        ),
    }

    def clean_otp(self, user):
        """A correct password with a missing or wrong code reads exactly as a wrong password (no
        oracle for passwords), and counts as a failed sign-in for django-axes' throttling."""
        try:
            super().clean_otp(user)
        except ValidationError as error:
            if user is not None:
                logger.info("A sign-in with a correct password failed its second factor: %s", error.messages)
                user_login_failed.send(
                    sender=type(self),
                    credentials={"username": self.cleaned_data.get("username")},
                    request=self.request,
                )
            raise self.get_invalid_login_error() from error

    def clean_otp_token(self):
        # Some apps show the code as two groups of three digits; recovery codes have no spaces.
        return self.cleaned_data["otp_token"].replace(" ", "").strip()

    def _chosen_device(self, user):
        chosen = super()._chosen_device(user)
        if chosen is not None:
            return chosen
        token = (self.cleaned_data.get("otp_token") or "").strip()
        model = TOTPDevice if AUTHENTICATOR_CODE.fullmatch(token) else StaticDevice
        return model.objects.filter(user=user, confirmed=True).select_for_update().order_by("pk").first()


class AdminSite(admin.AdminSite):
    site_header = _("SSTC knowledge base: curation")
    site_title = _("SSTC curation")
    index_title = _("Catalogue and guide")

    @property
    def login_form(self):
        return TwoFactorAuthenticationForm if settings.ADMIN_REQUIRE_2FA else EmailSignInForm

    @property
    def login_template(self):
        return "admin/login_two_factor.html" if settings.ADMIN_REQUIRE_2FA else None

    def has_permission(self, request):
        """Staff who signed in with a password alone count as signed out while two factors are required."""
        if not super().has_permission(request):
            return False
        return not settings.ADMIN_REQUIRE_2FA or request.user.is_verified()
