import { webhookUrlProblem } from './webhook-url';

describe('webhookUrlProblem', () => {
  it.each([
    'https://hooks.so-noi-vu.phutho.gov.vn/follow-up',
    'https://203.0.113.10:8443/hook',
    'http://localhost:8080/hook',
    'http://127.0.0.1/hook',
    'http://127.12.0.1:9000/hook',
    'http://127.1/hook',
    'http://[::1]:8080/hook',
    'http://[0:0:0:0:0:0:0:1]/hook',
    'http://[::ffff:127.0.0.1]/hook',
  ])('accepts %s', (url) => {
    expect(webhookUrlProblem(url)).toBeUndefined();
  });

  it.each([
    ['http://hooks.so-noi-vu.phutho.gov.vn/follow-up', /https/],
    ['http://10.0.0.5/hook', /https/],
    ['http://192.168.1.20/hook', /https/],
    ['http://[::2]/hook', /https/],
    ['http://localhost.attacker.example/hook', /https/],
    ['http://127.0.0.1.nip.io/hook', /https/],
    ['ftp://127.0.0.1/hook', /https/],
    ['https://user:password@hooks.example.org/hook', /credentials/],
    ['hooks.example.org/hook', /not a valid URL/],
    ['', /not a valid URL/],
  ])('refuses %s', (url, problem) => {
    expect(webhookUrlProblem(url)).toMatch(problem);
  });
});
