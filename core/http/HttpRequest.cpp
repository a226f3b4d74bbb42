#include "HttpRequest.h"

HttpRequest::HttpRequest(const QHttpServerRequest &request)
    : m_method(request.method())
    , m_url(request.url())
    , m_body(request.body())
    , m_remoteAddress(request.remoteAddress())
{
    // Each name's value as QtHttpServer itself answers it (a repeated
    // header is its business, not this copy's).
    const auto headers = request.headers();
    for (const auto &header : headers) {
        const QByteArray name = header.first.toLower();
        if (!m_values.contains(name))
            m_values.insert(name, request.value(header.first));
    }
}
