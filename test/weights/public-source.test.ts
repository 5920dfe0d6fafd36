import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { publicWeightsSource } from '../../src/atlas/public-source.ts';

describe('the weights source as published in the manifest and on the site', () => {
  it('keeps a download URL, without credentials, query or fragment', () => {
    const keras = 'https://storage.googleapis.com/tensorflow/keras-applications/vgg16/vgg16_weights_tf_dim_ordering_tf_kernels_notop.h5';
    assert.equal(publicWeightsSource(keras), keras);
    assert.equal(publicWeightsSource('HTTP://example.org/w/vgg16.h5'), 'http://example.org/w/vgg16.h5');
    assert.equal(publicWeightsSource('https://user:secret@example.org:8443/vgg16.h5?X-Amz-Signature=abc#part'), 'https://example.org:8443/vgg16.h5');
  });

  it('keeps only the file name of a local file or directory', () => {
    assert.equal(publicWeightsSource('/home/me/models/vgg16_notop.h5'), 'vgg16_notop.h5');
    assert.equal(publicWeightsSource('/tmp/atlas-fixture-x1/tiny.h5'), 'tiny.h5');
    assert.equal(publicWeightsSource('../shared/vgg16/vgg16_imagenet_block1_block2_notop.h5'), 'vgg16_imagenet_block1_block2_notop.h5');
    assert.equal(publicWeightsSource('vgg16.h5'), 'vgg16.h5');
    assert.equal(publicWeightsSource('/work/models/vgg16-tfjs/'), 'vgg16-tfjs');
    assert.equal(publicWeightsSource('/work/models/vgg16-tfjs/model.json'), 'model.json');
    assert.equal(publicWeightsSource('C:\\Users\\me\\vgg16.h5'), 'vgg16.h5');
    assert.equal(publicWeightsSource('file:///root/vgg16.h5'), 'vgg16.h5');
    assert.equal(publicWeightsSource('  ./vgg16.h5 '), 'vgg16.h5');
  });

  it('is idempotent', () => {
    for (const source of ['https://example.org/a/vgg16.h5?x=1', '/root/a/b.h5', 'b.h5']) {
      assert.equal(publicWeightsSource(publicWeightsSource(source)), publicWeightsSource(source));
    }
  });
});
