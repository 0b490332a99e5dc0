"""Response headers that Django's own middleware does not set."""

# The browser features no page of ThiĐua uses, turned off for every page and anything it might embed: a script
# injected into a page could otherwise ask for the camera, the microphone or the position of a voter's phone.
PERMISSIONS_POLICY = ", ".join(f"{feature}=()" for feature in (
    "accelerometer", "autoplay", "camera", "display-capture", "geolocation", "gyroscope", "magnetometer",
    "microphone", "midi", "payment", "publickey-credentials-get", "screen-wake-lock", "serial", "usb",
    "xr-spatial-tracking", "browsing-topics"))


class PermissionsPolicy:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        response.headers.setdefault("Permissions-Policy", PERMISSIONS_POLICY)
        return response
