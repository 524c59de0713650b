import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { KAFKA_OSS_BIN } from '../support/cli.js';
import { tmuxSession } from '../support/tmux.js';

const session = `kafka-oss-wizard-${process.pid}`;
const SECRET = 'TmuxSecretValue12345';

const { start, keys, waitFor, answer, kill } = tmuxSession(session);

afterEach(kill);

describe('the wizard in a real terminal (tmux, built CLI)', () => {
  it('walks the five steps, goes back from the preview to change a field, and submits', async () => {
    const cwd = await mkdtemp(join(tmpdir(), 'kafka-oss-tmux-'));
    const command = `cd ${cwd} && env -u CI -u KAFKA_OSS_ACCESS_KEY_SECRET LANG=en_US.UTF-8 ${process.execPath} ${KAFKA_OSS_BIN} create --offline; echo "EXIT=$?"; sleep 60`;
    start(command);

    await answer('Connector name', 'kafka-oss-sink', 'Enter');
    await answer('Instance', 'alikafka_post-cn-abc123', 'Enter');
    await answer('Source topic', 'payments', 'Enter');
    await answer('Start position', 'Enter');
    await answer('Consumer concurrency', 'Down', 'Enter');
    await answer('Bucket', 'my-bucket', 'Enter');
    await answer('AccessKey ID', 'LTAI4GG2RGAjppjK0000', 'Enter');
    await answer('AccessKey Secret', SECRET, 'Enter');
    await answer('VPC ID', 'Enter');
    await answer('VSwitch ID', 'Enter');
    await answer('Failure policy', 'Enter');
    await answer('Resources', 'Enter');
    await answer('Log Service project', 'Enter');
    await answer('Change the connector group', 'Enter');

    const preview = await waitFor('What next?');
    expect(preview).toContain('payments');
    expect(preview).toContain('TmuxSecret'.slice(0, 4) + '****');
    expect(preview).not.toContain(SECRET);
    keys('Down', 'Down', 'Enter'); // Go back to: Source
    await answer('Source topic', 'C-u', 'oss-test-input', 'Enter');
    await answer('Start position', 'Down', 'Enter');
    await answer('Consumer concurrency', 'Enter');

    const second = await waitFor('What next?');
    expect(second).toContain('oss-test-input');
    keys('Enter'); // Submit
    const done = await waitFor('EXIT=');
    expect(done).toContain('EXIT=0');
    expect(done).not.toContain(SECRET);

    const definition = JSON.parse(await readFile(join(cwd, 'kafka-oss.kafka-oss-sink.json'), 'utf8'));
    expect(definition).toMatchObject({ name: 'kafka-oss-sink', sourceTopic: 'oss-test-input', offsetReset: 'earliest', concurrency: 12, bucket: 'my-bucket' });
    expect(JSON.stringify(definition)).not.toContain(SECRET);
  });

  it('speaks Chinese with --lang zh: refusals at the prompt, key hints, choices and yes/no (issue #12 item 9)', async () => {
    const cwd = await mkdtemp(join(tmpdir(), 'kafka-oss-tmux-zh-'));
    const command = `cd ${cwd} && env -u CI -u KAFKA_OSS_ACCESS_KEY_SECRET LANG=en_US.UTF-8 ${process.execPath} ${KAFKA_OSS_BIN} create --offline --lang zh; echo "EXIT=$?"; sleep 60`;
    start(command);

    await answer('Connector名称', 'Bad_Name', 'Enter');
    await waitFor('Connector名称：只能包含数字、小写英文字母和短划线（-）（实际为 "Bad_Name"）');
    keys('C-u', 'zh-sink', 'Enter');
    await answer('? 实例', 'alikafka_post-cn-abc123', 'Enter');
    await answer('? 数据源Topic', 'payments', 'Enter');
    const position = await waitFor('latest（最新位点）');
    expect(position).toContain('从最新位点开始消费。');
    expect(position).toContain('↑↓ 移动 • ⏎ 选择');
    expect(position).not.toMatch(/navigate|select$/m);
    keys('Enter');
    await answer('? 消费线程并发数', 'Enter');
    await answer('? Bucket名称', 'my-bucket', 'Enter');
    await answer('? AccessKey ID', 'LTAI4GG2RGAjppjK0000', 'Enter');
    await answer('? AccessKey Secret', SECRET, 'Enter');
    await answer('? VPC ID', 'Enter');
    await answer('? VSwitch ID', 'Enter');
    const policy = await waitFor('fail（停止订阅）');
    expect(policy).toContain('继续订阅出现错误的Topic的分区，并打印错误日志。');
    keys('Enter');
    await waitFor('auto（自动创建）');
    keys('Enter');
    expect(await waitFor('? 日志服务Project')).toContain('函数计算只在日志服务中保存函数日志');
    keys('Enter');
    expect(await waitFor('是否修改Connector消费组和Topic名称？')).toContain('(是/否)');
    keys('Enter');
    const preview = await waitFor('? 下一步？');
    expect(preview).toMatch(/创建资源\s+auto（自动创建）/);
    expect(preview).toContain('返回修改：源实例配置');
    keys('Enter');
    const done = await waitFor('EXIT=');
    expect(done).toContain('EXIT=0');
    expect(done).toContain('Connector已保存到 kafka-oss.zh-sink.json');
    expect(done).toContain('下一步：kafka-oss deploy zh-sink（部署时会要求输入AccessKey Secret，或设置KAFKA_OSS_ACCESS_KEY_SECRET）');
  });

  it('Ctrl-C leaves nothing behind', async () => {
    const cwd = await mkdtemp(join(tmpdir(), 'kafka-oss-tmux-'));
    const command = `cd ${cwd} && env -u CI ${process.execPath} ${KAFKA_OSS_BIN} create --offline --lang en; echo "EXIT=$?"; ls -A; echo LISTED; sleep 60`;
    start(command);
    await answer('Connector name', 'abc', 'Enter');
    await answer('Instance', 'C-c');
    const done = await waitFor('LISTED');
    expect(done).toContain('EXIT=130');
    expect(done).toContain('Cancelled: nothing was written.');
    expect(done.split('EXIT=130')[1]!.trim()).toMatch(/^LISTED/);
  });
});
