// The HTTP server (Boost.Beast): one io_context and one SO_REUSEPORT acceptor per thread, keep-alive,
// read/write timeouts, header and body limits, and graceful shutdown on SIGTERM/SIGINT (stop accepting,
// finish in-flight requests, close idle connections). Requests are answered by a RequestHandler run on a
// separate worker pool, so a slow database call never stalls the network threads — except those the
// InlinePredicate accepts (handlers that never block), which run on the network thread and save two thread
// hand-offs each.
#pragma once
#include <chrono>
#include <functional>
#include <memory>
#include <string>

#include "core/http/message.h"

namespace tsunagu::http {

struct ServerOptions {
  std::string host = "127.0.0.1";
  unsigned short port = 8080;          // 0: any free port (see Server::port())
  std::size_t io_threads = 0;          // 0: one per core
  std::size_t worker_threads = 0;      // 0: 4 per core (handlers block on the database)
  std::size_t header_limit = 16 * 1024;
  std::size_t body_limit = 16 * 1024 * 1024;
  std::chrono::seconds read_timeout{30};
  std::chrono::seconds idle_timeout{60};
  std::chrono::seconds write_timeout{60};
  std::chrono::seconds shutdown_grace{20};
  bool trust_proxy = false;            // take the client address and scheme from X-Forwarded-For/-Proto
};

// One finished exchange, for the access log.
struct Exchange {
  const Request& request;
  const Response& response;
  double duration_ms;
};

using RequestHandler = std::function<Response(Request&)>;
using ExchangeLogger = std::function<void(const Exchange&)>;
// True when the handler may run this request on the network thread (it must not block).
using InlinePredicate = std::function<bool(const Request&)>;

// "HOST:PORT", "[::1]:PORT" or ":PORT" into options; false if malformed.
bool parse_listen(const std::string& text, ServerOptions& options);

class Server {
 public:
  Server(ServerOptions options, RequestHandler handler, ExchangeLogger logger, InlinePredicate runs_inline = {});
  ~Server();
  unsigned short port() const;   // the bound port, once constructed
  // Serves until SIGTERM/SIGINT or stop(); returns after in-flight requests are answered.
  void run();
  void stop();                   // thread-safe

 private:
  class Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace tsunagu::http
