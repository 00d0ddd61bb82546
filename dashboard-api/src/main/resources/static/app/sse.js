// A server-sent-events parser (the text/event-stream format of the HTML standard) for a byte stream read
// with fetch(): EventSource cannot send an Authorization header, and the key must not go into a URL.

/** Feeds decoded text in; calls onEvent({event, data}) for every complete event. Comments are dropped. */
export function createSseParser(onEvent) {
  let buffer = '';
  let eventType = '';
  let dataLines = [];

  function dispatch() {
    if (dataLines.length > 0) {
      onEvent({ event: eventType || 'message', data: dataLines.join('\n') });
    }
    eventType = '';
    dataLines = [];
  }

  function line(text) {
    if (text === '') { dispatch(); return; }
    if (text.startsWith(':')) return;
    const colon = text.indexOf(':');
    const field = colon < 0 ? text : text.slice(0, colon);
    let value = colon < 0 ? '' : text.slice(colon + 1);
    if (value.startsWith(' ')) value = value.slice(1);
    if (field === 'event') eventType = value;
    else if (field === 'data') dataLines.push(value);
    // id and retry are not used: the stream is live only (docs/dashboard-api.md, "Live stream")
  }

  return {
    push(text) {
      buffer += text;
      let end;
      // lines end in \n, \r\n or \r; a lone \r at the end of a chunk may be half of \r\n: wait for more
      while ((end = buffer.search(/\r\n|\n|\r(?=[^\n])/)) >= 0) {
        const terminator = buffer.startsWith('\r\n', end) ? 2 : 1;
        line(buffer.slice(0, end));
        buffer = buffer.slice(end + terminator);
      }
    },
  };
}
