"""The admin site: Django's own, asking staff for a code from an authenticator app when
``settings.ADMIN_REQUIRE_2FA`` is on (production), and for a password alone when it is off.

The setting is read at each request, so tests and deployments can switch it without rebuilding
the site; ``admin.site`` stays the one object every app registers its models with.
"""

import re

from django.conf import settings
from django.contrib import admin
from django.contrib.admin.forms import AdminAuthenticationForm
from django.utils.translation import gettext_lazy as _
from django_otp.admin import OTPAdminAuthenticationForm
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

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

    otp_error_messages = {
        **OTPAdminAuthenticationForm.otp_error_messages,
        "token_required": "Enter the six-digit code that your authenticator app shows, or a recovery code.",
        "invalid_token": "That code is not right. Enter the code your authenticator app shows now.",
        "device_required": (
            "This account has no authenticator app set up. Ask an administrator to run create_curator for it."
        ),
    }

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
    site_header = "SSTC knowledge base: curation"
    site_title = "SSTC curation"
    index_title = "Catalogue and guide"

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
