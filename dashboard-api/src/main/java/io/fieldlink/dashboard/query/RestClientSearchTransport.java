package io.fieldlink.dashboard.query;

import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.HttpEntity;
import org.apache.hc.core5.http.HttpHeaders;
import org.apache.hc.core5.http.io.entity.ByteArrayEntity;
import org.apache.hc.core5.http.io.entity.EntityUtils;
import org.opensearch.client.Request;
import org.opensearch.client.RequestOptions;
import org.opensearch.client.Response;
import org.opensearch.client.ResponseException;
import org.opensearch.client.RestClient;

import java.io.IOException;
import java.io.InputStream;

/** Through the application's OpenSearch {@link RestClient} (asynchronous I/O under a blocking call). */
final class RestClientSearchTransport implements SearchTransport {

    private static final ContentType NDJSON = ContentType.create(MultiSearch.NDJSON);

    private final RestClient rest;

    RestClientSearchTransport(RestClient rest) {
        this.rest = rest;
    }

    @Override
    public <T> T msearch(String filterPath, byte[] body, BodyReader<T> reader) throws IOException {
        Request request = new Request("POST", "/_msearch");
        request.addParameter("filter_path", filterPath);
        request.setOptions(RequestOptions.DEFAULT.toBuilder().addHeader(HttpHeaders.ACCEPT, MultiSearch.SMILE));
        request.setEntity(new ByteArrayEntity(body, NDJSON));
        Response response;
        try {
            response = rest.performRequest(request);
        } catch (ResponseException e) {
            // its message would carry the Smile body as text
            HttpEntity entity = e.getResponse().getEntity();
            throw MultiSearch.failed(e.getResponse().getStatusLine().getStatusCode(),
                    entity == null ? new byte[0] : EntityUtils.toByteArray(entity),
                    entity == null ? null : entity.getContentType());
        }
        try (InputStream in = response.getEntity().getContent()) {
            return reader.read(in);
        }
    }
}
