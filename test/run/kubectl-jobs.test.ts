/**
 * kubectl create job / create cronjob (kubectl cmd/create/create_job.go, create_cronjob.go):
 * the command lines and their validation errors.
 */
import { describe, expect, it } from 'vitest';
import { parseKubectl } from '../../src/kubectl/parse.js';

describe('kubectl create job | cronjob', () => {
  it('create job NAME --image=I [-- COMMAND]', () => {
    expect(parseKubectl('create job pi --image=perl:5.34 -- perl -Mbignum=bpi -wle "print bpi(20)"').command).toEqual({ cmd: 'create job', name: 'pi', image: 'perl:5.34', from: undefined, command: ['perl', '-Mbignum=bpi', '-wle', 'print bpi(20)'], namespace: undefined });
  });
  it('create job NAME --from=cronjob/X', () => {
    expect(parseKubectl('create job manual --from=cronjob/hello -n team-a').command).toEqual({ cmd: 'create job', name: 'manual', image: undefined, from: 'hello', command: [], namespace: 'team-a' });
  });
  it('refuses both or neither of --image and --from, a command with --from, and --from of another kind', () => {
    expect(parseKubectl('create job x').error?.message).toBe('either --image or --from must be specified');
    expect(parseKubectl('create job x --image=a --from=cronjob/b').error?.message).toBe('either --image or --from must be specified');
    expect(parseKubectl('create job x --from=cronjob/b -- date').error?.message).toBe('cannot specify --from and command');
    expect(parseKubectl('create job x --from=deployment/b').error?.message).toBe('from must be an existing cronjob: deployment/b');
  });
  it('create cronjob NAME --image=I --schedule=S [--restart=R] [-- COMMAND]', () => {
    expect(parseKubectl('create cronjob hello --image=busybox --schedule="*/1 * * * *" -- date').command).toEqual({ cmd: 'create cronjob', name: 'hello', image: 'busybox', schedule: '*/1 * * * *', restart: 'OnFailure', command: ['date'], namespace: undefined });
    expect(parseKubectl('create cj hello --image=busybox --schedule=@hourly --restart=Never').command).toMatchObject({ cmd: 'create cronjob', restart: 'Never' });
    expect(parseKubectl('create cronjob hello --image=busybox').error?.message).toBe('required flag(s) "schedule" not set');
    expect(parseKubectl('create cronjob hello --schedule=@hourly').error?.message).toBe('required flag(s) "image" not set');
  });
});
