// When the signed-in session has ended (idle timeout, sign-out in another tab), the server
// answers a callback with 401: reload the page, which brings the sign-in form (and back to
// this page after signing in) instead of a page whose controls silently stop working.
(function () {
    const fetchBefore = window.fetch;
    window.fetch = function () {
        return fetchBefore.apply(this, arguments).then(function (response) {
            if (response.status === 401 && String(response.url).indexOf('/_dash-update-component') !== -1) {
                window.location.reload();
            }
            return response;
        });
    };
})();
