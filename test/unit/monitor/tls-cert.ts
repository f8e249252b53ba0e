import selfsigned from 'selfsigned';

/** A self-signed certificate for 127.0.0.1/localhost valid for `days` (its own CA). */
export function makeCert(days: number): { key: string; cert: string } {
  const pems = selfsigned.generate([{ name: 'commonName', value: 'localhost' }], {
    days,
    keySize: 2048,
    algorithm: 'sha256',
    extensions: [
      { name: 'basicConstraints', cA: true },
      { name: 'keyUsage', keyCertSign: true, digitalSignature: true, keyEncipherment: true },
      { name: 'subjectAltName', altNames: [{ type: 7, ip: '127.0.0.1' }, { type: 2, value: 'localhost' }] },
    ],
  });
  return { key: pems.private, cert: pems.cert };
}
