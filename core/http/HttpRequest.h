#pragma once

#include <QByteArray>
#include <QHash>
#include <QHostAddress>
#include <QHttpServerRequest>
#include <QUrl>

// A request as a route reads it, copied out of QtHttpServer's
// QHttpServerRequest, which cannot be copied and lives only while its
// handler runs on the server's thread: a route answered on another thread
// (ApiReaderPool) takes this copy with it. Implicit from a
// QHttpServerRequest, so code that reads a request takes this type and
// works on either.
class HttpRequest
{
public:
    // NOLINTNEXTLINE(google-explicit-constructor): a copy of the same request
    HttpRequest(const QHttpServerRequest &request);

    QHttpServerRequest::Method method() const { return m_method; }
    const QUrl &url() const { return m_url; }
    // A header's value as QHttpServerRequest::value() gives it (by name,
    // case-insensitive); empty when the request has no such header.
    QByteArray value(const QByteArray &name) const { return m_values.value(name.toLower()); }
    const QByteArray &body() const { return m_body; }
    const QHostAddress &remoteAddress() const { return m_remoteAddress; }

private:
    QHttpServerRequest::Method m_method;
    QUrl m_url;
    QHash<QByteArray, QByteArray> m_values; // by lower-case name
    QByteArray m_body;
    QHostAddress m_remoteAddress;
};
