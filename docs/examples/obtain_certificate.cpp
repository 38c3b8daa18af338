// Obtain a certificate with acmecli as a C++ library: the whole flow in a dozen lines.
// Build: link against the acmecli_core target (see docs/library.md). Usage:
//   obtain_certificate DIRECTORY_URL CA_BUNDLE HTTP_PORT DOMAIN
#include <acmecli/client.hpp>
#include <acmecli/http01.hpp>
#include <acmecli/issuer.hpp>
#include <acmecli/listen_address.hpp>

#include <cstdlib>
#include <iostream>

int main(int argc, char** argv) {
  if (argc != 5) return 2;
  try {
    acmecli::TransportOptions transport_options;
    transport_options.ca_bundle = argv[2];  // the test CA's roots; omit for a public CA
    auto transport = acmecli::make_curl_transport(transport_options);
    acmecli::SystemClock clock;
    acmecli::ClientOptions client_options;
    client_options.directory_url = argv[1];
    acmecli::AcmeClient client(*transport, clock, client_options);
    client.set_account(acmecli::PrivateKey::generate(acmecli::KeyType::ec256), "");
    client.new_account({"mailto:admin@example.com"}, /*terms_agreed=*/true);

    acmecli::Http01StandaloneSolver http01(acmecli::parse_listen_address(argv[3], 80));
    acmecli::Issuer issuer(client, {&http01});
    acmecli::ObtainRequest request;
    request.identifiers = {acmecli::parse_identifier(argv[4])};
    acmecli::IssuedCertificate issued = issuer.obtain(request);

    std::cout << issued.certificate_pem << issued.key->to_pem().reveal();
  } catch (const acmecli::Error& e) {
    std::cerr << e.what() << "\n";
    return 1;
  }
  return 0;
}
