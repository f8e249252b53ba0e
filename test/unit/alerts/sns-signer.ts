import { createSign } from 'node:crypto';
import selfsigned from 'selfsigned';
import { stringToSign, type SnsMessage } from '../../../src/alerts/sources/sns-verify';

/** A test key pair standing in for SNS's signing certificate. */
export function createSnsSigner() {
  const pems = selfsigned.generate([{ name: 'commonName', value: 'sns.amazonaws.com' }], { days: 30, keySize: 2048 });
  const certUrl = 'https://sns.eu-west-1.amazonaws.com/SimpleNotificationService-test.pem';
  const fetched: string[] = [];
  return {
    certUrl,
    fetched,
    fetchCertificate: async (url: string) => {
      fetched.push(url);
      return pems.cert;
    },
    sign(message: Omit<SnsMessage, 'Signature' | 'SignatureVersion' | 'SigningCertURL'> & Partial<SnsMessage>, version: '1' | '2' = '2'): SnsMessage {
      const full = { SignatureVersion: version, SigningCertURL: certUrl, Signature: '', ...message } as SnsMessage;
      const signer = createSign(version === '1' ? 'RSA-SHA1' : 'RSA-SHA256');
      signer.update(stringToSign(full));
      return { ...full, Signature: signer.sign(pems.private, 'base64') };
    },
  };
}

export function alarmMessage(state: 'ALARM' | 'OK', name = 'api-5xx'): string {
  return JSON.stringify({
    AlarmName: name,
    AlarmDescription: 'too many 5xx',
    AWSAccountId: '123456789012',
    NewStateValue: state,
    NewStateReason: 'Threshold Crossed: 1 datapoint [12.0] was greater than the threshold (5.0).',
    StateChangeTime: '2024-05-01T10:00:00.000+0000',
    Region: 'EU (Ireland)',
    AlarmArn: `arn:aws:cloudwatch:eu-west-1:123456789012:alarm:${name}`,
    OldStateValue: state === 'ALARM' ? 'OK' : 'ALARM',
    Trigger: { MetricName: 'HTTPCode_Target_5XX_Count', Namespace: 'AWS/ApplicationELB', Dimensions: [{ name: 'service', value: 'api' }] },
  });
}
